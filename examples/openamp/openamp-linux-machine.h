/* SPDX-License-Identifier: MIT */
/*
 * OpenAMP's Linux machine, as librpmsgbus needs to see it: the one place the geometry of
 * OpenAMP's "remote processor running as a Linux process" lives in this tree.
 *
 * OpenAMP (open-amp + libmetal) runs its demos on Linux with a machine layer in
 * openamp-system-reference, examples/legacy_apps/system/linux/machine/generic/: platform_info.c
 * (shm, buffer pool, doorbell socket) and rsc_table.c (the resource table). The remote
 * (`rpmsg-echo`, proc index 0) is the Unix-socket server: it writes the resource table at offset 0
 * of the shm, then listens; the host (`rpmsg-echo-ping 1`) connects, adopts the table and brings
 * the buffer pool. Descriptor addresses are shm offsets (pa_base 0). Each kick is one byte on the
 * socket and the receiver scans every vring, so notify ids do not matter.
 *
 * Contract: openamp_linux_machine_config() fills a struct rpmsg_bus_config with this geometry for
 * either role; the shm name and socket path may be overridden (tests run several pairs at once),
 * everything else is OpenAMP's and fixed. Both example programs include this header and nothing
 * else describes the geometry. Uses only librpmsgbus's public API (pkg-config rpmsgbus).
 */
#ifndef OPENAMP_LINUX_MACHINE_H
#define OPENAMP_LINUX_MACHINE_H

#include <rpmsg/rpmsg.h>

/*
 * platform_info.c: rproc_priv_table[].shm_file = "openamp.shm", opened by libmetal's
 * metal_shmem_open() with shm_open(); glibc drops the leading slash OpenAMP leaves out, so the
 * object is /dev/shm/openamp.shm and shm_open() needs the name with its slash.
 */
#define OPENAMP_SHM_NAME "/openamp.shm"
/* platform_info.c: rproc_priv_table[].shm_size; the remote sizes the object to it */
#define OPENAMP_SHM_SIZE 0x80000u
/* platform_info.c: RSC_MEM_PA, where platform_device_setup_resource_table() copies the table */
#define OPENAMP_RSC_OFFSET 0x0u
/*
 * platform_info.c: linux_proc_offset_to_phys() returns the offset itself ("offset and phys are
 * the same here"): a descriptor's address is its shm offset, so the carve-out's base is 0.
 */
#define OPENAMP_PA_BASE 0x0u
/* platform_info.c: SHARED_BUF_PA and SHARED_BUF_SIZE, the host's (virtio driver's) buffer pool */
#define OPENAMP_BUF_POOL_OFFSET 0x10000u
#define OPENAMP_BUF_POOL_SIZE	0x40000u
/*
 * rsc_table.c: RING_TX 0x4000, RING_RX 0x8000, VRING_ALIGN 0x1000, VRING_SIZE 256. The host
 * reads them from the table; librpmsgbus's firmware-owned layout writes the same values (rings
 * on 16 KiB boundaries after a table at offset 0), which tests/openamp checks field by field.
 */
#define OPENAMP_VRING0_DA   0x4000u
#define OPENAMP_VRING1_DA   0x8000u
#define OPENAMP_VRING_ALIGN 0x1000u
#define OPENAMP_VRING_NUM   256u
/* open-amp lib/include/openamp/rpmsg_virtio.h: RPMSG_BUFFER_SIZE, header included */
#define OPENAMP_BUF_SIZE 512u
/*
 * platform_info.c: rproc_priv_table[].ipi.path, "unixs:/tmp/openamp.event.0" for the remote
 * (server) and "unix:/tmp/openamp.event.0" for the host (client).
 */
#define OPENAMP_SOCKET_PATH "/tmp/openamp.event.0"
/* examples/echo/rpmsg-echo.h: RPMSG_SERVICE_NAME, the channel the echo remote announces */
#define OPENAMP_ECHO_CHANNEL "rpmsg-openamp-demo-channel"
/* examples/echo/rpmsg-echo.c: SHUTDOWN_MSG; a message whose first 32-bit word is this ends it */
#define OPENAMP_SHUTDOWN_MSG 0xEF56A55Au

/**
 * openamp_linux_machine_config() - a bus config with OpenAMP's Linux machine geometry
 * @cfg:         filled in (rpmsg_bus_config_init() first, then the geometry)
 * @bus_name:    librpmsgbus's name for the bus (probes and traces carry it; no file is made)
 * @role:        RPMSG_ROLE_HOST to adopt an OpenAMP remote's table, RPMSG_ROLE_REMOTE to write
 *               one for an OpenAMP host
 * @shm_name:    the shm object, with its leading slash (OPENAMP_SHM_NAME)
 * @socket_path: the doorbell socket (OPENAMP_SOCKET_PATH)
 * @timeout_ms:  how long to wait for the peer (host: the remote's socket and table; remote: the
 *               host's connection and DRIVER_OK)
 *
 * The strings are not copied until rpmsg_bus_open(); they must live until then.
 */
static inline void openamp_linux_machine_config(struct rpmsg_bus_config *cfg, const char *bus_name,
						enum rpmsg_role role, const char *shm_name,
						const char *socket_path, unsigned int timeout_ms)
{
	rpmsg_bus_config_init(cfg, bus_name, role);
	cfg->layout = RPMSG_LAYOUT_FIRMWARE_OWNED; /* the remote writes the table */
	cfg->mbox = RPMSG_MBOX_SOCKET;		   /* one byte per kick, remote listens */
	cfg->shm_path = shm_name;
	cfg->shm_size = OPENAMP_SHM_SIZE;
	cfg->rsc_offset = OPENAMP_RSC_OFFSET;
	cfg->pa_base = OPENAMP_PA_BASE;
	cfg->buf_pool_offset = OPENAMP_BUF_POOL_OFFSET;
	cfg->buf_pool_size = OPENAMP_BUF_POOL_SIZE;
	cfg->vring_num = OPENAMP_VRING_NUM;
	cfg->buf_size = OPENAMP_BUF_SIZE;
	cfg->socket_path = socket_path;
	cfg->attach_timeout_ms = timeout_ms;
}

#endif /* OPENAMP_LINUX_MACHINE_H */
