// Empty: the source the shared precompiled header of the unit tests is built with.
