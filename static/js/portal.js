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

  // Keyboard focus after an htmx swap. htmx puts focus back on an element with the same id; when the
  // focused control is gone (e.g. "Register" became "Cancel my registration" without an id match),
  // focus would fall to <body> and a keyboard user would start again from the top of the page. Move it
  // to the swapped-in content instead: its first [data-swap-focus], else its first control.
  var FOCUSABLE = "[data-swap-focus], a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea";
  document.addEventListener("htmx:afterSettle", function (event) {
    var active = document.activeElement;
    if (active && active !== document.body) { return; }
    var target = event.detail.target;
    if (target && !document.body.contains(target) && target.id) { target = document.getElementById(target.id); }
    if (!target || !document.body.contains(target)) { return; }
    var next = target.querySelector("[data-swap-focus]") || target.querySelector(FOCUSABLE);
    if (!next) {
      next = target;
      if (!next.hasAttribute("tabindex")) { next.setAttribute("tabindex", "-1"); }
    }
    next.focus();
  });
})();
