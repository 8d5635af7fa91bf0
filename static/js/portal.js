// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Remember the browser's time zone so the server can show dates in it when the profile has none.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("browser_tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "browser_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) { /* older browsers: the organiser's zone is used */ }
})();
