"""The SPARQL the projection reads: one query per fact type, each with the same provenance block.

The queries take no user input: filters (foundation, focus, date, kinds) are applied to the
projected graph, so nothing is ever pasted into a query string. Each fact is read inside its own
document graph (which holds the fact, its document and the labels it needs): joining across the
union of graphs instead multiplies rows by every document that repeats a label (23k rows for 2k
memberships, 26 s, on the 100k-triple benchmark store).
"""

from __future__ import annotations

PREFIXES = """\
PREFIX fkg: <https://w3id.org/foundation-kg/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

#: Every fact row carries these (the fact's document is its graph: `GRAPH ?doc`).
PROVENANCE = """
  OPTIONAL { ?fact fkg:evidence ?evidence }
  OPTIONAL { ?doc dcterms:identifier ?docId }
  OPTIONAL { ?doc dcterms:title ?docTitle }
  OPTIONAL { ?doc schema:url ?docUrl }
  OPTIONAL { ?doc dcterms:source ?docSource }
  OPTIONAL { ?doc dcterms:date ?docDate }
  OPTIONAL { ?doc dcterms:publisher ?publisher }
"""

PROVENANCE_VARS = "?fact ?doc ?evidence ?docId ?docTitle ?docUrl ?docSource ?docDate ?publisher"

ENTITIES = (
    PREFIXES
    + """
SELECT DISTINCT ?e ?type ?label WHERE {
  VALUES ?type { fkg:Foundation fkg:Company fkg:Initiative fkg:Programme fkg:Project fkg:Agency
                 fkg:Body fkg:Event foaf:Person org:Organization }
  GRAPH ?g { ?e a ?type . OPTIONAL { ?e skos:prefLabel ?label } }
}
"""
)

ALT_LABELS = (
    PREFIXES
    + """
SELECT DISTINCT ?e ?label WHERE { GRAPH ?g { ?e skos:altLabel ?label } }
"""
)

MEMBERSHIPS = (
    PREFIXES
    + f"""
SELECT {PROVENANCE_VARS} ?source ?target ?tier ?event ?date WHERE {{
  GRAPH ?doc {{
  ?fact a org:Membership ; org:member ?source ; org:organization ?target ;
        prov:wasDerivedFrom ?doc .
  OPTIONAL {{ ?fact org:role ?role . ?role skos:prefLabel ?tier }}
  OPTIONAL {{ ?fact fkg:event ?event }}
  OPTIONAL {{ ?fact dcterms:date ?date }}
  {PROVENANCE}
  }}
}}
"""
)

GRANTS = (
    PREFIXES
    + f"""
SELECT {PROVENANCE_VARS} ?source ?target ?amount ?currency ?kind ?purpose ?date WHERE {{
  GRAPH ?doc {{
  ?fact a schema:MonetaryGrant ; schema:funder ?source ; schema:fundedItem ?target ;
        prov:wasDerivedFrom ?doc .
  OPTIONAL {{ ?fact schema:amount ?money . ?money schema:value ?amount .
             OPTIONAL {{ ?money schema:currency ?currency }} }}
  OPTIONAL {{ ?fact fkg:fundingKind ?kind }}
  OPTIONAL {{ ?fact fkg:purpose ?purpose }}
  OPTIONAL {{ ?fact dcterms:date ?date }}
  {PROVENANCE}
  }}
}}
"""
)

POSTS = (
    PREFIXES
    + f"""
SELECT {PROVENANCE_VARS} ?source ?target ?title WHERE {{
  GRAPH ?doc {{
  ?fact a org:Post ; org:heldBy ?source ; org:postIn ?target ;
        prov:wasDerivedFrom ?doc .
  OPTIONAL {{ ?fact skos:prefLabel ?title }}
  {PROVENANCE}
  }}
}}
"""
)

PARTS = (
    PREFIXES
    + f"""
SELECT {PROVENANCE_VARS} ?source ?target WHERE {{
  GRAPH ?doc {{
  ?fact a fkg:PartOf ; fkg:child ?source ; fkg:parent ?target ;
        prov:wasDerivedFrom ?doc .
  {PROVENANCE}
  }}
}}
"""
)

#: relation name -> query; the edge runs from ?source to ?target.
RELATIONS: dict[str, str] = {
    "member_of": MEMBERSHIPS,
    "funds": GRANTS,
    "holds_role": POSTS,
    "part_of": PARTS,
}
