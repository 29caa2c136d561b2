"""Word in, Word out: the case-file template (`template`), import of .docx/.odt documents as drafts
(`importer`, with the versioned label mapping in `mapping-v<n>.json`) and export of a case (`exporter`).

python-docx, lxml and babel are imported inside the functions that use them: an API process that never
touches a Word document never loads them.
"""
