"""`python -m deeproots.grading.worker FD KIND`: a worker process."""
from deeproots.grading.worker.main import main

main()
