"""Scripts: the demo, training, and the generators of workflows and README tables."""
