"""What the purpose-built pages show, read from the store with SPARQL: a plan, a body, an SDG, a UNGP pillar or
principle, an instrument.

Each function takes a store and an IRI (bound as an RDF term, never spliced
into the query) and returns plain data: IRIs, notations, and labels as
``[(text, language), ...]`` lists, so that the caller picks the label to show
with the one rule of :mod:`kg.labels` in the language asked. They run in the
service's query workers (:mod:`kg.pages.tasks`) like every read of the graph.
"""
