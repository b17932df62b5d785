// What NVIDIA's dcgm-exporter serves, for tests of server metrics: its family names, help
// texts and labels, for two L4 GPUs.

/** Two L4s as NVIDIA's dcgm-exporter reports them (its labels), 40 % and 80 % busy. */
export function dcgmExporterText(): string {
  const gpu = (index: number): string =>
    `gpu="${index}",UUID="GPU-5fd4e4a4-7c1a-2d3b-9e0f-00000000000${index}",pci_bus_id="00000000:00:0${index + 3}.0",device="nvidia${index}",modelName="NVIDIA L4",Hostname="gpu-node-1",DCGM_FI_DRIVER_VERSION="550.90.07",container="vllm",namespace="inference",pod="vllm-0"`;
  const family = (name: string, help: string, type: string, values: [number, number]): string[] => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
    ...values.map((value, index) => `${name}{${gpu(index)}} ${value}`),
  ];
  return [
    ...family('DCGM_FI_DEV_SM_CLOCK', 'SM clock frequency (in MHz).', 'gauge', [2040, 2040]),
    ...family('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).', 'gauge', [61, 66]),
    ...family('DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).', 'gauge', [41.5, 70.25]),
    ...family('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).', 'gauge', [40, 80]),
    ...family('DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).', 'gauge', [2003, 21459]),
    ...family('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).', 'gauge', [20480, 1024]),
    '',
  ].join('\n');
}
