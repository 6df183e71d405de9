"""Where the pipeline runs: in this process, in a pool of local processes, or on Ray.

Every engine runs the same stages built from the same config, one article per task, and
yields results in input order, so their outputs are identical.
"""
