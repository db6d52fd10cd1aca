/**
 * The Pod Security Standards' "restricted" profile (and everything of "baseline" it includes),
 * checked on a pod spec as Kubernetes' admission would: each violation as a message. Written
 * from the published standard (kubernetes.io/docs/concepts/security/pod-security-standards),
 * current profile ("latest"), plus the read-only root filesystem this project requires.
 */
type Json = Record<string, any>;

const RESTRICTED_VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

/** Violations of "restricted" (empty when the pod would be admitted), plus readOnlyRootFilesystem. */
export function restrictedViolations(pod: Json): string[] {
  const problems: string[] = [];
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  const podContext: Json = pod.securityContext ?? {};

  // Baseline
  for (const key of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[key] === true) problems.push(`${key} is true`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== "name");
    if (type === "hostPath") problems.push(`volume ${volume.name} is a hostPath`);
    if (!type || !RESTRICTED_VOLUME_TYPES.includes(type))
      problems.push(`volume ${volume.name} has type ${type}, not one of ${RESTRICTED_VOLUME_TYPES.join(", ")}`);
  }
  for (const sysctl of podContext.sysctls ?? []) if (!SAFE_SYSCTLS.includes(sysctl.name)) problems.push(`unsafe sysctl ${sysctl.name}`);
  const seLinuxOk = (o: Json | undefined) =>
    !o ||
    ((o.type === undefined || ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"].includes(o.type)) &&
      o.user === undefined &&
      o.role === undefined);
  if (!seLinuxOk(podContext.seLinuxOptions)) problems.push("pod seLinuxOptions not allowed");
  const appArmorOk = (o: Json | undefined) => !o || ["RuntimeDefault", "Localhost"].includes(o.type);
  if (!appArmorOk(podContext.appArmorProfile)) problems.push("pod appArmorProfile not allowed");
  if (podContext.windowsOptions?.hostProcess === true) problems.push("pod windowsOptions.hostProcess");

  // Restricted: pod level
  const podSeccomp = podContext.seccompProfile?.type;
  if (podSeccomp !== undefined && !["RuntimeDefault", "Localhost"].includes(podSeccomp)) problems.push(`pod seccompProfile ${podSeccomp}`);
  if (podContext.runAsUser === 0) problems.push("pod runAsUser is 0");

  for (const c of containers) {
    const sc: Json = c.securityContext ?? {};
    const name = `container ${c.name}`;
    if (sc.privileged === true) problems.push(`${name} is privileged`);
    for (const port of c.ports ?? [])
      if (port.hostPort !== undefined && port.hostPort !== 0) problems.push(`${name} uses hostPort ${port.hostPort}`);
    if (!seLinuxOk(sc.seLinuxOptions)) problems.push(`${name} seLinuxOptions not allowed`);
    if (!appArmorOk(sc.appArmorProfile)) problems.push(`${name} appArmorProfile not allowed`);
    if (sc.procMount !== undefined && sc.procMount !== "Default") problems.push(`${name} procMount ${sc.procMount}`);
    if (sc.windowsOptions?.hostProcess === true) problems.push(`${name} windowsOptions.hostProcess`);
    // Restricted
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${name} allowPrivilegeEscalation is not false`);
    const runAsNonRoot = sc.runAsNonRoot ?? podContext.runAsNonRoot;
    if (runAsNonRoot !== true) problems.push(`${name} runAsNonRoot is not true (container or pod)`);
    if (sc.runAsUser === 0) problems.push(`${name} runAsUser is 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (!["RuntimeDefault", "Localhost"].includes(seccomp))
      problems.push(`${name} seccompProfile is ${seccomp ?? "unset"} (container or pod)`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes("ALL")) problems.push(`${name} does not drop ALL capabilities`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") problems.push(`${name} adds capability ${cap}`);
    // Project rule beyond the standard
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${name} root filesystem is writable`);
  }
  return problems;
}
