// `npm start`: build the app and serve it on 127.0.0.1:5173, telling the person only
// what they need: that it is building, where to open it, and how to stop it. Vite prints
// only errors here: its timings, chunk lists, bundler warnings and URL banner are for
// developers, who see them with `npm run build` and `npm run preview`.
import { build, preview } from 'vite';

const HOST = '127.0.0.1';
const PORT = 5173;

console.log('Building Blastograde (this takes a minute or two)...');
try {
  await build({ logLevel: 'error' });
} catch (error) {
  console.error(`\nThe build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

try {
  await preview({ logLevel: 'error', preview: { host: HOST, port: PORT, strictPort: true } });
} catch (error) {
  const inUse = /already in use/i.test(String(error instanceof Error ? error.message : error));
  console.error(inUse ? `\nPort ${PORT} is already in use: stop the other server (or the earlier npm start) and try again.` : `\nCould not start the server: ${String(error)}`);
  process.exit(1);
}
console.log(`\nBlastograde is running at  http://${HOST}:${PORT}/  (Ctrl+C stops it)\n`);
