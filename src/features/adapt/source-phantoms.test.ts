import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../inference';
import { sourceDescription, sourcePhantom, stylesKeyPart, trainedStyles } from './source-phantoms';

const card = (training?: ModelCard['training']) => ({ training }) as ModelCard;

describe('source phantoms', () => {
  it('reads the trained styles from the card, the default style when it names none', () => {
    expect(trainedStyles(card())).toEqual(['default']);
    expect(trainedStyles(card({ data: 'phantoms' }))).toEqual(['default']);
    expect(trainedStyles(card({ phantomStyles: ['clinic', 'default'] }))).toEqual(['clinic', 'default']);
  });

  it('with the default style alone, cycles the nuisance levels as before styles existed', () => {
    const plan = Array.from({ length: 6 }, (_, i) => sourcePhantom(['default'], i));
    expect(plan.map((p) => `${p.style}:${p.nuisance}`)).toEqual(['default:none', 'default:default', 'default:high', 'default:none', 'default:default', 'default:high']);
    expect(sourceDescription(['default'], 96, '20261129')).toBe('96 phantoms, seed 20261129, nuisance none/default/high in turn, prepared like the images');
    expect(stylesKeyPart(['default'])).toBe('');
  });

  it('with two styles, alternates them and gives each style every nuisance level', () => {
    const plan = Array.from({ length: 12 }, (_, i) => sourcePhantom(['default', 'clinic'], i));
    expect(plan.slice(0, 6).map((p) => `${p.style}:${p.nuisance}`)).toEqual(['default:none', 'clinic:none', 'default:default', 'clinic:default', 'default:high', 'clinic:high']);
    const pairs = new Set(plan.map((p) => `${p.style}:${p.nuisance}`));
    expect(pairs.size).toBe(6);
    expect(plan.filter((p) => p.style === 'clinic')).toHaveLength(6);
    expect(sourceDescription(['default', 'clinic'], 96, 's')).toBe('96 phantoms, seed s, default/clinic style in turn, each with nuisance none/default/high in turn, prepared like the images');
    expect(stylesKeyPart(['default', 'clinic'])).toBe('/styles=default+clinic');
    expect(stylesKeyPart(['clinic'])).toBe('/styles=clinic');
  });
});
