"""What the browser tests look at: one page of each type of the seed site, and the npm tools."""

from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"

# One page of each type, with what makes it that type.
PAGE_TYPES = {
    "accueil": "",
    "accueil, page 2": "page/2/",
    "article avec décision": "articles/cegedim-sante-donnees-de-sante-800000-euros/",
    "article récapitulatif": "articles/sanctions-cnil-decembre-2021-cookies/",
    "article sans décision": "articles/droit-d-acces-mode-d-emploi/",
    "rubrique": "categories/amendes-cnil/",
    "rubriques": "categories/",
    "étiquette": "etiquettes/pseudonymisation/",
    "étiquettes": "etiquettes/",
    "archives": "archives/",
    "index des sanctions": "sanctions/",
    "décision": "sanctions/cnil-san-2024-013/",
    "autorités": "sanctions/autorites/",
    "autorité": "sanctions/autorites/cnil/",
    "secteur": "sanctions/secteurs/sante/",
    "statistiques": "sanctions/statistiques/",
    "page fixe": "a-propos/",
    "s'abonner": "abonnement/",
    "auteur": "auteurs/claire-martin/",
    "auteurs": "auteurs/",
    "recherche": "recherche/?q=pseudonymisation",
    "page introuvable": "404.html",
}
