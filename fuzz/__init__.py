"""httpcts.fuzz."""
