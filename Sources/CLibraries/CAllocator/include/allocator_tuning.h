#ifndef BULWARK_ALLOCATOR_TUNING_H
#define BULWARK_ALLOCATOR_TUNING_H

/// Sets glibc malloc's mmap and trim thresholds (bytes); returns 0 when the allocator is not
/// glibc's or a setting was refused.
int bw_tune_allocator(int mmap_threshold, int trim_threshold);

#endif
