// Every page: the phone menu, and the service worker that keeps the submit page working offline.
(function () {
  "use strict";
  var button = document.getElementById("menu-button");
  var header = button && button.closest(".site-header");
  if (header) {
    header.classList.add("has-menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = !header.classList.contains("open");
      header.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
      if (open) header.querySelector("nav a").focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("open")) {
        header.classList.remove("open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without it */ });
  }
})();
