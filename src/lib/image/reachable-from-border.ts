/**
 * Pixels reachable from the image border (4-connected) without crossing a
 * non-zero `wall` pixel: 1 for reachable, 0 otherwise. Everything else is
 * enclosed, which is how holes are filled and outlines measured.
 */
export function reachableFromBorder(wall: ArrayLike<number>, width: number, height: number): Uint8Array {
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const push = (i: number) => {
    if (!seen[i] && !wall[i]) {
      seen[i] = 1;
      stack.push(i);
    }
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % width;
    if (x > 0) push(i - 1);
    if (x < width - 1) push(i + 1);
    if (i >= width) push(i - width);
    if (i < (height - 1) * width) push(i + width);
  }
  return seen;
}
