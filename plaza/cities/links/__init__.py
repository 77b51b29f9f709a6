"""Links from focal-city work to the knowledge base that need the library loaded first.

Its ``demo`` module is a step of its own in ``plaza.core.demo.DEMO_APPS`` ("cities.links"),
run after the library's demo loader: the cities loader runs before the library (the library
needs the cities), so the demo activities cannot link resources when they are created.
"""
