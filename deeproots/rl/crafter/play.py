"""Play Crafter yourself in a pygame window, with the keys of ``crafter.run_gui``.

WASD move, SPACE collects / drinks / attacks, TAB sleeps, T R F P place a table, stone, furnace,
plant, 1-6 craft the wood / stone / iron pickaxe and sword; Esc or closing the window quits.
Playing a few minutes is the quickest way to feel why the paper's human experts reach 50.5 %
while a random agent stays at 1.6 % (Hafner 2021, Table 1).
"""
from __future__ import annotations

import os
import sys
from typing import Any

import numpy as np

from deeproots.errors import DeeprootsError

KEYS = {
    "a": "move_left", "d": "move_right", "w": "move_up", "s": "move_down", "space": "do", "tab": "sleep",
    "r": "place_stone", "t": "place_table", "f": "place_furnace", "p": "place_plant",
    "1": "make_wood_pickaxe", "2": "make_stone_pickaxe", "3": "make_iron_pickaxe",
    "4": "make_wood_sword", "5": "make_stone_sword", "6": "make_iron_sword",
}
"""Key name (pygame's) -> Crafter action, as in ``crafter.run_gui``."""


def display_available() -> bool:
    """Whether a window can open: an X11 or Wayland display, or a non-headless SDL video driver."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return False
    if os.name == "nt" or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or driver in ("kmsdrm", "fbcon", "directfb")


def play(seed: int = 0, window: int = 600, fps: int = 5, length: int = 10_000) -> dict[str, Any]:
    """Open a window and play until Esc or the window is closed; returns the last episode's summary.

    A new episode starts after death (seed ``seed``, then the next worlds). Needs a display.
    """
    if not display_available():
        raise DeeprootsError("playing Crafter needs a display (DISPLAY or WAYLAND_DISPLAY is not set); run it on a desktop")
    try:
        import pygame
    except ImportError:
        raise DeeprootsError("playing Crafter needs pygame: pip install 'deeproots[rl]'") from None
    from deeproots.rl.crafter.env import ACTIONS, CrafterEnv

    env = CrafterEnv(seed=seed, length=length)
    obs, _ = env.reset(seed=seed)
    try:
        pygame.init()
        screen = pygame.display.set_mode((window, window))
    except pygame.error as error:
        raise DeeprootsError(f"cannot open a window ({error}); playing Crafter needs a working display") from None
    keymap = {pygame.key.key_code(name): ACTIONS.index(action) for name, action in KEYS.items()}
    pygame.display.set_caption("Crafter — deeproots (Esc quits)")
    clock = pygame.time.Clock()
    summary: dict[str, Any] = {"return": 0.0, "length": 0, "achievements": []}
    unlocked: set[str] = set()
    try:
        while True:
            frame = env.render(window)
            screen.blit(pygame.surfarray.make_surface(np.ascontiguousarray(frame.transpose(1, 0, 2))), (0, 0))
            pygame.display.flip()
            clock.tick(fps)
            action = 0  # noop when no key is held
            for event in pygame.event.get():
                if event.type == pygame.QUIT or (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE):
                    return summary
                if event.type == pygame.KEYDOWN and event.key in keymap:
                    action = keymap[event.key]
            if action == 0:
                pressed = pygame.key.get_pressed()
                action = next((a for key, a in keymap.items() if pressed[key]), 0)
            obs, reward, terminated, truncated, info = env.step(action)
            summary["return"] += reward
            summary["length"] += 1
            new = {k for k, count in info["achievements"].items() if count > 0} - unlocked
            for name in sorted(new):
                print(f"Achievement ({len(unlocked) + 1}/22): {name.replace('_', ' ')}")
                unlocked.add(name)
            summary["achievements"] = sorted(unlocked)
            if terminated or truncated:
                print(f"Episode over after {summary['length']} steps: return {summary['return']:.1f}, "
                      f"{len(unlocked)} achievements. A new world starts.")
                env.reset()
                unlocked = set()
                summary = {"return": 0.0, "length": 0, "achievements": []}
    finally:
        pygame.quit()
