// The search page: Pagefind's interface, filled in with the words typed in the header (?q=…).
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  const search = new PagefindUI({
    element: "#recherche",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    pageSize: 10,
  });
  const words = new URLSearchParams(window.location.search).get("q");
  if (words) {
    document.getElementById("recherche-site").value = words;
    search.triggerSearch(words);
  }
});
