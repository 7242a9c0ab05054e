<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of the portal as a page of the site, in a browser that applies XSL.
     No outside request and nothing inline (the CSP of deploy/_headers: style-src 'self', no
     script): the site's own stylesheets, found beside this file through the feed's
     <?xml-stylesheet href="…/feeds.xsl"?>. Feed readers ignore all of this. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat" indent="yes"/>

  <!-- The theme's folder: the address of this stylesheet, less its name. -->
  <xsl:variable name="theme"
      select="substring-before(substring-after(/processing-instruction('xml-stylesheet'), 'href=&quot;'), 'feeds.xsl')"/>
  <xsl:variable name="site" select="/atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/atom:feed">
    <html lang="fr">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="atom:title"/> — flux Atom</title>
        <link rel="stylesheet" href="{$theme}css/fonts.css"/>
        <link rel="stylesheet" href="{$theme}css/portail.css"/>
      </head>
      <body class="feed-page">
        <header class="site-header">
          <div class="wrap">
            <p class="site-title"><a href="{$site}">Retour au site</a></p>
          </div>
        </header>
        <main id="contenu" class="wrap">
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="feed-help">Cette page est un <strong>flux Atom</strong> : pour suivre ces publications,
            copiez son adresse dans votre lecteur de flux (Thunderbird, Feedly, NetNewsWire, Inoreader…).</p>
          <p class="feed-address"><code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
          <xsl:if test="atom:subtitle">
            <p><xsl:value-of select="atom:subtitle"/></p>
          </xsl:if>
          <h2>Dernières publications</h2>
          <ol class="feed-entries">
            <xsl:apply-templates select="atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <h3><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="feed-date">
        <xsl:text>Mis à jour le </xsl:text>
        <xsl:call-template name="date">
          <xsl:with-param name="iso" select="atom:updated"/>
        </xsl:call-template>
      </p>
      <xsl:if test="atom:summary">
        <p>
          <xsl:call-template name="text">
            <xsl:with-param name="html" select="atom:summary"/>
          </xsl:call-template>
        </p>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- 2024-09-17T00:00:00+02:00 → 17 septembre 2024 -->
  <xsl:template name="date">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="number(substring($iso, 6, 2))"/>
    <xsl:variable name="day" select="number(substring($iso, 9, 2))"/>
    <xsl:choose>
      <xsl:when test="$day = 1">1er</xsl:when>
      <xsl:otherwise><xsl:value-of select="$day"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#160;</xsl:text>
    <xsl:value-of select="substring-before(substring-after(
        '|01janvier|02février|03mars|04avril|05mai|06juin|07juillet|08août|09septembre|10octobre|11novembre|12décembre|',
        concat('|', substring($iso, 6, 2))), '|')"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($iso, 1, 4)"/>
  </xsl:template>

  <!-- A summary is escaped HTML holding text only (portail.site.feeds): shown as that text. -->
  <xsl:template name="text">
    <xsl:param name="html"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="text">
        <xsl:call-template name="replace">
          <xsl:with-param name="text">
            <xsl:call-template name="replace">
              <xsl:with-param name="text">
                <xsl:call-template name="replace">
                  <xsl:with-param name="text">
                    <xsl:call-template name="replace">
                      <xsl:with-param name="text" select="$html"/>
                      <xsl:with-param name="from" select="'&amp;#39;'"/>
                      <xsl:with-param name="to" select="&quot;'&quot;"/>
                    </xsl:call-template>
                  </xsl:with-param>
                  <xsl:with-param name="from" select="'&amp;#34;'"/>
                  <xsl:with-param name="to" select="'&quot;'"/>
                </xsl:call-template>
              </xsl:with-param>
              <xsl:with-param name="from" select="'&amp;lt;'"/>
              <xsl:with-param name="to" select="'&lt;'"/>
            </xsl:call-template>
          </xsl:with-param>
          <xsl:with-param name="from" select="'&amp;gt;'"/>
          <xsl:with-param name="to" select="'&gt;'"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="from" select="'&amp;amp;'"/>
      <xsl:with-param name="to" select="'&amp;'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($text, $from)">
        <xsl:value-of select="substring-before($text, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
