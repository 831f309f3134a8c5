// Printed by `npm start` before the server starts, so the URL is easy to find.
console.log('\nBlastograde is starting at  http://127.0.0.1:5173/  (Ctrl+C stops it)\n');
