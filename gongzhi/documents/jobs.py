"""Background job: render a report."""
