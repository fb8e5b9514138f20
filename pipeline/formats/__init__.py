"""One module per export format. Each turns decoded input into typed stage-1 frames."""
