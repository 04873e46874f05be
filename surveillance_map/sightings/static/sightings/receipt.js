/* The receipt's private address: copy it, or share it (Web Share API) to one's notes. */
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var address = document.getElementById("receipt-address");
  var copy = document.getElementById("copy-address");
  var share = document.getElementById("share-address");
  var status = document.getElementById("address-status");
  if (!address) return;
  address.addEventListener("focus", function () { address.select(); });
  if (navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(address.value).then(
        function () { status.textContent = gettext("Address copied."); },
        function () { address.select(); status.textContent = gettext("Select the address and copy it."); }
      );
    });
  }
  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: document.title, url: address.value }).catch(function () { /* cancelled */ });
    });
  }
})();
