"""gdnotes: the package behind the gradient-descent course.

Layers, each depending only on those above it:

* :mod:`gdnotes.surfaces` - loss functions, defined once symbolically;
* :mod:`gdnotes.optimizers` - update rules as pure ``init``/``update`` pairs;
* :mod:`gdnotes.descent` - run an optimizer from one start or many;
* :mod:`gdnotes.theory` - closed forms for quadratics;
* :mod:`gdnotes.tables`, :mod:`gdnotes.figures`, :mod:`gdnotes.widgets`,
  :mod:`gdnotes.quiz` - what a lesson page shows.
"""

__version__ = "0.1.0"
