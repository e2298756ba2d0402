// The hints are inline functions in include/CacheHints.h; this file gives the target a source.
#include "CacheHints.h"
