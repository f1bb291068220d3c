"""httpcts.servers."""
