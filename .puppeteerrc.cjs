// whatsapp-web.js drives Debian's Chromium (PUPPETEER_EXECUTABLE_PATH, default /usr/bin/chromium):
// puppeteer must not download a browser at install (and cannot: only npm and Debian are reachable).
module.exports = { skipDownload: true };
