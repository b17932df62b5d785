{{/* The chart's name, at most 63 characters. */}}
{{- define "inferbench.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The run's name, used for its Jobs, its ConfigMap and its folder on the volume: fullnameOverride,
else inferbench-<release>. `helm template` without a release name renders "release-name": the
time of rendering replaces it, so every `helm template … | kubectl apply -f -` makes a new run (a
Job's pod template cannot be changed). The name is worked out once per rendering and kept in
.Values.fullnameOverride, so every template sees the same time.
*/}}
{{- define "inferbench.fullname" -}}
{{- if not .Values.fullnameOverride -}}
{{- $suffix := ternary (now | date "20060102-150405") .Release.Name (eq .Release.Name "release-name") -}}
{{- $_ := set .Values "fullnameOverride" (printf "%s-%s" (include "inferbench.name" .) $suffix) -}}
{{- end -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "inferbench.labels" -}}
app.kubernetes.io/name: {{ include "inferbench.name" . }}
app.kubernetes.io/instance: {{ include "inferbench.fullname" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- range $key, $value := .Values.metadata.labels }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The image of the benchmark and merge containers. */}}
{{- define "inferbench.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The run's folder on the volume. */}}
{{- define "inferbench.runDir" -}}
{{- printf "%s/%s" .Values.results.mountPath (include "inferbench.fullname" .) -}}
{{- end -}}

{{/* Whether the chart makes a Secret: a plain API key or Hugging Face token and no existingSecret. */}}
{{- define "inferbench.makesSecret" -}}
{{- if and (not .Values.existingSecret) (or .Values.apiKey (and (kindIs "string" .Values.env_vars.HF_TOKEN) .Values.env_vars.HF_TOKEN)) -}}
true
{{- end -}}
{{- end -}}

{{/*
The benchmark container's variables. Secrets always come through secretKeyRef, never as a value.
*/}}
{{- define "inferbench.env" -}}
- name: INFERBENCH_CONFIG
  value: /etc/inferbench/inferbench.json
{{- if .Values.env_vars.OPENAI_API_BASE_URL }}
- name: INFERBENCH_TARGET
  value: {{ .Values.env_vars.OPENAI_API_BASE_URL | quote }}
{{- end }}
{{- if .Values.env_vars.TOKENIZER }}
- name: INFERBENCH_TOKENIZER
  value: {{ .Values.env_vars.TOKENIZER | quote }}
{{- end }}
{{- if .Values.existingSecret }}
- name: INFERBENCH_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.existingSecret | quote }}
      key: {{ .Values.existingSecretKeys.apiKey | quote }}
      optional: true
{{- else if .Values.apiKey }}
- name: INFERBENCH_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "inferbench.fullname" . | quote }}
      key: api-key
{{- end }}
{{- $hfToken := .Values.env_vars.HF_TOKEN }}
{{- if kindIs "map" $hfToken }}
- name: HF_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $hfToken.name | quote }}
      key: {{ $hfToken.key | quote }}
{{- else if .Values.existingSecret }}
- name: HF_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.existingSecret | quote }}
      key: {{ .Values.existingSecretKeys.hfToken | quote }}
      optional: true
{{- else if $hfToken }}
- name: HF_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "inferbench.fullname" . | quote }}
      key: hf-token
{{- end }}
{{- range $name, $value := .Values.env_vars }}
{{- if not (has $name (list "OPENAI_API_BASE_URL" "TOKENIZER" "HF_TOKEN")) }}
{{- if kindIs "map" $value }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $value.name | quote }}
      key: {{ $value.key | quote }}
{{- else }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The pod settings shared by the benchmark and merge Jobs. */}}
{{- define "inferbench.podSettings" -}}
restartPolicy: Never
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* `test -f` of every shard's report, joined by &&: true once all of them exist. */}}
{{- define "inferbench.shardReportTests" -}}
{{- $runDir := include "inferbench.runDir" . -}}
{{- $tests := list -}}
{{- range $index := until (int .Values.shards.count) -}}
{{- $tests = append $tests (printf "test -f %s/shard-%d/benchmarks.json" $runDir $index) -}}
{{- end -}}
{{- join " && " $tests -}}
{{- end -}}
