"""The imrcheck rule base: YAML data shipped inside the wheel as `checker.rules`."""
