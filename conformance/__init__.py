"""httpcts.conformance."""
