/*
 * Runs before main (an ELF constructor linked into the NativeAOT binary).
 *
 * The zero-filled tail of the executable's writable segment (.bss: the runtime's and the GC's static data) is
 * populated in one call (MADV_POPULATE_WRITE, Linux 5.14) instead of page by page: in a VM every first touch of a
 * page is a fault that costs several microseconds. Where the kernel allows transparent huge pages (THP "madvise"
 * mode) the range is offered them first. Both are hints: on older kernels, or with THP off, madvise fails or is
 * ignored and startup is as before. Nothing else is touched.
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
