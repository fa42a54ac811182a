"""Reinforcement learning: tabular classics (Sutton & Barto), deep RL (Levine), the Crafter open world."""
