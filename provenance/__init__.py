"""provenance: a text provenance and licence tracker."""
