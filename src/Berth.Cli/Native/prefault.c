/*
 * Runs before main (an ELF constructor linked into the NativeAOT binary).
 *
 * NativeAOT's startup rehydrates about 4 MB of runtime data (method tables, frozen objects) into the
 * executable's zero-filled .bss tail. Touched page by page that is ~1000 page faults, which in a VM cost
 * more than the rehydration itself (measured: ~25 ms -> ~18 ms for `berth version`). Here the tail is
 * marked for transparent huge pages where the kernel allows them (THP "madvise" mode) and populated in
 * one call (MADV_POPULATE_WRITE, Linux 5.14). Both are hints: on older kernels, or with THP off, madvise
 * fails or is ignored and startup is as before. Nothing else is touched.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int berth_prefault_segment(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* Only the executable itself (empty name); shared libraries are left alone. */
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0')
    {
        return 0;
    }

    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || (p->p_flags & PF_W) == 0 || p->p_memsz <= p->p_filesz)
        {
            continue;
        }

        /* The zero-filled part of the writable segment: from the page after the file's bytes to its end. */
        uintptr_t start = (info->dlpi_addr + p->p_vaddr + p->p_filesz + 4095) & ~(uintptr_t)4095;
        uintptr_t end = (info->dlpi_addr + p->p_vaddr + p->p_memsz + 4095) & ~(uintptr_t)4095;
        if (end > start)
        {
            madvise((void *)start, end - start, MADV_HUGEPAGE);
            madvise((void *)start, end - start, MADV_POPULATE_WRITE);
        }
    }

    return 1;
}

__attribute__((constructor)) static void berth_prefault(void)
{
    dl_iterate_phdr(berth_prefault_segment, NULL);
}
