"""Link each published article to the one published just before and just after it."""


def link_neighbours(generator) -> None:
    # generator.articles is newest first (ARTICLE_ORDER_BY = reverse-date).
    articles = generator.articles
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None
