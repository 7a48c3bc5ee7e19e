"""Browser tests: the app served by a live server and driven in Debian's Chromium through Playwright."""
