"""Edge cases a demanding user meets: errors, config, pipes, baselines, odd files."""
