/* Item 4 of issue 14: fa and fb have identical code; lld --icf=all folds
 * them and drops fb's records, so the await of fb lands on fa. The check
 * must name the folding, and no number may be printed as proven. */
#include <costack.h>
struct fa { co_frame co; int x; };
CO_ASYNC(fa, void) { CO_BEGIN(fa, self); CO_YIELD(); CO_END; }
struct fb { co_frame co; int x; char big[200]; };
CO_ASYNC(fb, void) { CO_BEGIN(fb, self); CO_YIELD(); CO_END; }
struct top { co_frame co; };
CO_ASYNC(top, void) { CO_BEGIN(top, self); CO_AWAIT(fa, NULL); CO_AWAIT(fb, NULL); CO_END; }
CO_TASK(t, top, 300);
int main(void) { return CO_START(&t, NULL, top, NULL); }
