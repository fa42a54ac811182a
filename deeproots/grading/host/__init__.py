"""The grader's side: sessions with a worker, the pool of warm workers, the package guard."""
