// The search page: Pagefind's interface, in French and in the site's type, filled in with the
// words typed in the header (?q=…). Each result shows its date before the excerpt (taken from
// the text of the article: fact boxes are data-pagefind-ignore), not as an English "Date: …" tag.
"use strict";

// U+202F before « ? ! : », U+00A0 inside « », as on the rest of the site (portail.typography).
const FRENCH = {
  placeholder: "Rechercher dans le site",
  clear_search: "Effacer",
  load_more: "Afficher plus de résultats",
  search_label: "Rechercher dans le site",
  filters_label: "Affiner",
  zero_results: "Aucun résultat pour [SEARCH_TERM]",
  many_results: "[COUNT] résultats pour [SEARCH_TERM]",
  one_result: "[COUNT] résultat pour [SEARCH_TERM]",
  total_zero_results: "Aucun résultat",
  total_one_result: "[COUNT] résultat",
  total_many_results: "[COUNT] résultats",
  alt_search: "Aucun résultat pour [SEARCH_TERM]. Résultats pour [DIFFERENT_TERM]\u00a0:",
  search_suggestion: "Aucun résultat pour [SEARCH_TERM]. Essayez l’une de ces recherches\u00a0:",
  searching: "Recherche de [SEARCH_TERM]…",
  results_label: "Résultats de la recherche",
  keyboard_navigate: "parcourir",
  keyboard_select: "choisir",
  keyboard_clear: "effacer",
  keyboard_close: "fermer",
  keyboard_search: "rechercher",
  error_search: "La recherche a échoué",
  filter_selected_one: "[COUNT] choisi",
  filter_selected_many: "[COUNT] choisis",
  input_hint: "Les résultats s’affichent au fil de la frappe",
  loading: "Chargement…",
};

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

// The date goes in front of the excerpt, and out of the tags Pagefind writes as "Date: …".
function withDate(result) {
  const date = result.meta && result.meta.date;
  if (date) {
    delete result.meta.date;
    result.excerpt = `<span class="search-date">${escapeHtml(date)}</span> — ${result.excerpt}`;
  }
  return result;
}

window.addEventListener("DOMContentLoaded", () => {
  const search = new PagefindUI({
    element: "#recherche",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    pageSize: 10,
    translations: FRENCH,
    processResult: withDate,
  });
  const words = new URLSearchParams(window.location.search).get("q");
  if (words) {
    document.getElementById("recherche-site").value = words;
    search.triggerSearch(words);
  }
});
