/* decode.c */
#include "cs.h"
extern int cs_decode_dummy; int cs_decode_dummy;
