import type { EmbryoRow } from './types';

/** The thumbnail with the fitted ellipse and the crop square drawn over it. */
export function ThumbnailOverlay({ row, size = 96 }: { row: EmbryoRow; size?: number }) {
  if (!row.thumbnailUrl || !row.imageSize) return <div className="thumb placeholder" style={{ width: size, height: size }} />;
  const { width, height } = row.imageSize;
  return (
    <svg className="thumb" width={size} height={size} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={`${row.fileName} with detected embryo`}>
      <image href={row.thumbnailUrl} x={0} y={0} width={width} height={height} />
      {row.ellipse && (
        <ellipse
          cx={row.ellipse.cx} cy={row.ellipse.cy} rx={row.ellipse.rx} ry={row.ellipse.ry}
          transform={`rotate(${row.ellipse.angleDeg} ${row.ellipse.cx} ${row.ellipse.cy})`}
          fill="none" stroke="#2bd46b" strokeWidth={Math.max(width, height) / 150}
        />
      )}
      {row.crop && (
        <rect
          x={row.crop.x} y={row.crop.y} width={row.crop.size} height={row.crop.size}
          fill="none" stroke={row.manualCrop ? '#ffb020' : '#3aa0ff'} strokeWidth={Math.max(width, height) / 150} strokeDasharray="8 4"
        />
      )}
    </svg>
  );
}
