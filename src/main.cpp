#include "cli/run.h"

int main(int argc, char** argv) { return zwgk::cli::run(argc, argv); }
