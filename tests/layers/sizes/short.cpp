// Planted: every function and the file within any limit the test uses.
int one() { return 1; }
