"""Damaged, hostile and huge inputs: nothing crashes, nothing is lost, costs stay linear."""
