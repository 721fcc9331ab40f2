"""Clear only the colours of the window before each frame.

Kivy's window clears colour, depth and stencil at the start of every frame. The app draws
in 2D: nothing tests depth, and Kivy's stencil instructions clear the stencil themselves
when a stencil is first pushed in a frame (pages clip with a scissor box anyway). On a
terminal without a GPU, Mesa's software renderer pays for every pixel it touches: clearing
depth and stencil of a 1280x800 window took 4.5 ms of every frame here (the colours
another 4.3 ms), a tenth of a typical page's frame, for buffers nothing reads.
"""

from __future__ import annotations


def clear_colours_only(window) -> None:
    """Make `window` clear only its colour buffer before each frame. Idempotent."""
    if getattr(window.clear, "colours_only", False):
        return

    def clear() -> None:
        from kivy.graphics import opengl as gl

        gl.glClearColor(*window.clearcolor)
        gl.glClear(gl.GL_COLOR_BUFFER_BIT)

    clear.colours_only = True
    window.clear = clear  # the instance's, before the class's
