"""httpcts.fuzz: fuzz targets, oracles and strategies for httplib-style modules.

Six targets (`httpcts.fuzz.targets`: status_line, headers, chunked, response,
request, differential) judged by shared oracles (`httpcts.fuzz.oracles`) that check
what a parser concluded, not only what it raised; Hypothesis strategies for valid and
mutated responses (`httpcts.fuzz.strategies`); campaigns through `httpcts fuzz`.
See README.md beside this file.
"""
