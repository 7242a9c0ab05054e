// « Copier le lien » under an article: shown only where the clipboard can be written to.
// The share links above it work without this script.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var status = button.parentNode.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        status.textContent = "Lien copié.";
      }, function () {
        status.textContent = "Copie impossible : l’adresse est " + button.dataset.copy;
      });
    });
  });
}());
