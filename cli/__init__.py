"""The command line: a thin layer over crawler/, storage/, reports/ and scheduler/."""
