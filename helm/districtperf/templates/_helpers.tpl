{{- define "districtperf.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "districtperf.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "districtperf.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "districtperf.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag must be a pinned version, not \"latest\" (it defaults to the chart's appVersion)" -}}
{{- end -}}
{{ .Values.image.repository }}:{{ $tag }}
{{- end -}}

{{/* "true" when the database or the search index is embedded (SQLite file, Lucene folder): one pod, one volume. */}}
{{- define "districtperf.embedded" -}}
{{- if or (eq .Values.database.provider "Sqlite") (eq .Values.search.provider "Lucene") -}}true{{- end -}}
{{- end -}}

{{/* "true" when a migration Job (not the pods) applies migrations: SQL Server with the job enabled. */}}
{{- define "districtperf.migrationJob" -}}
{{- if and (eq .Values.database.provider "SqlServer") .Values.database.migrationJob.enabled -}}true{{- end -}}
{{- end -}}

{{/* Refuses values that would give each pod its own private database or index. */}}
{{- define "districtperf.validate" -}}
{{- if not (has .Values.database.provider (list "Sqlite" "SqlServer")) -}}
{{- fail (printf "database.provider must be Sqlite or SqlServer, not %q" .Values.database.provider) -}}
{{- end -}}
{{- if not (has .Values.search.provider (list "Lucene" "Elasticsearch")) -}}
{{- fail (printf "search.provider must be Lucene or Elasticsearch, not %q" .Values.search.provider) -}}
{{- end -}}
{{- if include "districtperf.embedded" . -}}
{{- $what := printf "database.provider=%s, search.provider=%s" .Values.database.provider .Values.search.provider -}}
{{- if gt (int .Values.web.replicas) 1 -}}
{{- fail (printf "web.replicas=%d is not possible with the embedded database or search index (%s): each pod would have its own private SQLite file / Lucene index and job server. Use web.replicas=1, or database.provider=SqlServer and search.provider=Elasticsearch for more replicas." (int .Values.web.replicas) $what) -}}
{{- end -}}
{{- if .Values.autoscaling.enabled -}}
{{- fail (printf "autoscaling.enabled=true is not possible with the embedded database or search index (%s): it needs one pod. Use SqlServer and Elasticsearch to scale." $what) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.database.provider "Sqlite") .Values.worker.enabled -}}
{{- fail "worker.enabled=true is not possible with database.provider=Sqlite: the SQLite file lives on the web pod's volume (that pod runs the jobs). Set worker.enabled=false." -}}
{{- end -}}
{{- end -}}

{{/* Environment shared by every pod and the migration Job (the Job cannot use the ConfigMap: it runs before it exists). */}}
{{- define "districtperf.env" -}}
- name: Database__Provider
  value: {{ .Values.database.provider | quote }}
- name: Database__SchemaWaitTimeout
  value: {{ .Values.database.schemaWaitTimeout | quote }}
- name: Search__Provider
  value: {{ .Values.search.provider | quote }}
{{- if .Values.search.elasticsearch.caSecret }}
- name: Search__Elasticsearch__CaCertificatePath
  value: "/etc/districtperf/es-ca/{{ .Values.search.elasticsearch.caSecretKey }}"
{{- end }}
{{- with .Values.dataProtection }}
{{- if .certificateSecret }}
- name: DataProtection__CertificatePath
  value: "/etc/districtperf/data-protection/{{ .certificateFile }}"
{{- if .keyFile }}
- name: DataProtection__CertificateKeyPath
  value: "/etc/districtperf/data-protection/{{ .keyFile }}"
{{- end }}
{{- end }}
{{- range $i, $secret := .previousCertificateSecrets }}
- name: DataProtection__PreviousCertificates__{{ $i }}__Path
  value: "/etc/districtperf/data-protection-previous-{{ $i }}/{{ $.Values.dataProtection.certificateFile }}"
{{- if $.Values.dataProtection.keyFile }}
- name: DataProtection__PreviousCertificates__{{ $i }}__KeyPath
  value: "/etc/districtperf/data-protection-previous-{{ $i }}/{{ $.Values.dataProtection.keyFile }}"
{{- end }}
{{- end }}
{{- end }}
- name: Logging__Json
  value: "true"
{{- range $name, $value := .Values.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "districtperf.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "districtperf.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The pod spec shared by the web and worker deployments; call with
(dict "root" $ "component" "web" "env" dict "resources" map "waitForSchema" bool).
*/}}
{{- define "districtperf.pod" -}}
{{- $root := .root -}}
automountServiceAccountToken: false
securityContext:
  {{- include "districtperf.podSecurityContext" $root | nindent 2 }}
{{- if and (eq .component "web") (not (include "districtperf.embedded" $root)) }}
affinity:
  podAntiAffinity:
    {{- $term := dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" (dict "app.kubernetes.io/name" $root.Chart.Name "app.kubernetes.io/instance" $root.Release.Name "app.kubernetes.io/component" "web")) }}
    {{- if eq $root.Values.web.antiAffinity "hard" }}
    requiredDuringSchedulingIgnoredDuringExecution:
      {{- toYaml (list $term) | nindent 6 }}
    {{- else }}
    preferredDuringSchedulingIgnoredDuringExecution:
      {{- toYaml (list (dict "weight" 100 "podAffinityTerm" $term)) | nindent 6 }}
    {{- end }}
{{- end }}
{{- if .waitForSchema }}
initContainers:
  # Waits (Database__SchemaWaitTimeout) until the migration Job has applied every migration of this image;
  # seeds nothing. The app itself would also wait, but its probes would count the time.
  - name: wait-for-schema
    image: {{ include "districtperf.image" $root }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    args: ["--wait-for-schema"]
    envFrom:
      {{- include "districtperf.envFrom" $root | nindent 6 }}
    env:
      {{- include "districtperf.env" $root | nindent 6 }}
      - name: Database__MigrateOnStartup
        value: "false"
    resources:
      requests:
        cpu: 50m
        memory: 128Mi
      limits:
        memory: 512Mi
    securityContext:
      {{- include "districtperf.containerSecurityContext" $root | nindent 6 }}
    volumeMounts:
      {{- include "districtperf.volumeMounts" $root | nindent 6 }}
{{- end }}
containers:
  - name: districtperf
    image: {{ include "districtperf.image" $root }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    ports:
      - name: http
        containerPort: 8080
    envFrom:
      {{- include "districtperf.envFrom" $root | nindent 6 }}
    env:
      {{- include "districtperf.env" $root | nindent 6 }}
      {{- range $name, $value := .env }}
      - name: {{ $name }}
        value: {{ $value | quote }}
      {{- end }}
    readinessProbe:
      httpGet:
        path: /health/ready
        port: http
      periodSeconds: 10
    livenessProbe:
      httpGet:
        path: /health/live
        port: http
      periodSeconds: 20
    startupProbe:
      httpGet:
        path: /health/live
        port: http
      periodSeconds: 5
      failureThreshold: 60
    resources:
      {{- toYaml .resources | nindent 6 }}
    securityContext:
      {{- include "districtperf.containerSecurityContext" $root | nindent 6 }}
    volumeMounts:
      {{- include "districtperf.volumeMounts" $root | nindent 6 }}
volumes:
  {{- include "districtperf.volumes" (dict "root" $root "pvc" (eq .component "web")) | nindent 2 }}
{{- end -}}

{{- define "districtperf.envFrom" -}}
- configMapRef:
    name: {{ include "districtperf.fullname" . }}
{{- if .Values.existingSecret }}
- secretRef:
    name: {{ .Values.existingSecret }}
{{- end }}
{{- end -}}

{{- define "districtperf.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /data
{{- if .Values.search.elasticsearch.caSecret }}
- name: es-ca
  mountPath: /etc/districtperf/es-ca
  readOnly: true
{{- end }}
{{- if .Values.dataProtection.certificateSecret }}
- name: data-protection
  mountPath: /etc/districtperf/data-protection
  readOnly: true
{{- end }}
{{- range $i, $secret := .Values.dataProtection.previousCertificateSecrets }}
- name: data-protection-previous-{{ $i }}
  mountPath: /etc/districtperf/data-protection-previous-{{ $i }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* The ConfigMap's data (also the migration Job's env: the Job runs before the ConfigMap is installed). */}}
{{- define "districtperf.config" -}}
Search__Elasticsearch__Url: {{ .Values.search.elasticsearch.url | quote }}
Search__Elasticsearch__Index: {{ .Values.search.elasticsearch.index | quote }}
Search__Elasticsearch__Analyzer: {{ .Values.search.elasticsearch.analyzer | quote }}
Search__Elasticsearch__CertificateFingerprint: {{ .Values.search.elasticsearch.certificateFingerprint | quote }}
Search__Elasticsearch__ReadinessFailureStatus: {{ .Values.search.elasticsearch.readinessFailureStatus | quote }}
Jobs__TimeZone: {{ .Values.jobs.timeZone | quote }}
Jobs__WarningCron: {{ .Values.jobs.warningCron | quote }}
Smtp__Host: {{ .Values.smtp.host | quote }}
Smtp__Port: {{ .Values.smtp.port | quote }}
Smtp__From: {{ .Values.smtp.from | quote }}
ForwardedHeaders__Enabled: {{ .Values.forwardedHeaders.enabled | toString | quote }}
{{- with .Values.forwardedHeaders.knownNetworks }}
ForwardedHeaders__KnownNetworks: {{ join "," . | quote }}
{{- end }}
{{- with .Values.forwardedHeaders.knownProxies }}
ForwardedHeaders__KnownProxies: {{ join "," . | quote }}
{{- end }}
Cookies__RequireSecure: {{ include "districtperf.requireSecureCookies" . | quote }}
{{- end -}}

{{/* "true" or "false": cookies.requireSecure, or when it is "" (auto): true when the ingress serves TLS. */}}
{{- define "districtperf.requireSecureCookies" -}}
{{- if kindIs "bool" .Values.cookies.requireSecure -}}
{{- .Values.cookies.requireSecure | toString -}}
{{- else if eq (toString .Values.cookies.requireSecure) "" -}}
{{- and .Values.ingress.enabled (ne (toString .Values.ingress.tlsSecret) "") | toString -}}
{{- else -}}
{{- fail (printf "cookies.requireSecure must be true, false or \"\" (auto: true when the ingress has a tlsSecret), not %q" (toString .Values.cookies.requireSecure)) -}}
{{- end -}}
{{- end -}}

{{/*
The pod volumes; call with (dict "root" $ "pvc" bool). data: the PVC for the web pod in embedded mode, else scratch
(the worker and the migration Job never open the SQLite file or the Lucene index, and a ReadWriteOnce claim
cannot follow them to another node).
*/}}
{{- define "districtperf.volumes" -}}
{{- $root := .root -}}
- name: tmp
  emptyDir: {}
- name: data
  {{- if and .pvc (include "districtperf.embedded" $root) }}
  persistentVolumeClaim:
    claimName: {{ $root.Values.persistence.existingClaim | default (printf "%s-data" (include "districtperf.fullname" $root)) }}
  {{- else }}
  emptyDir: {}
  {{- end }}
{{- if $root.Values.search.elasticsearch.caSecret }}
- name: es-ca
  secret:
    secretName: {{ $root.Values.search.elasticsearch.caSecret }}
{{- end }}
{{- if $root.Values.dataProtection.certificateSecret }}
- name: data-protection
  secret:
    secretName: {{ $root.Values.dataProtection.certificateSecret }}
    defaultMode: 0440
{{- end }}
{{- range $i, $secret := $root.Values.dataProtection.previousCertificateSecrets }}
- name: data-protection-previous-{{ $i }}
  secret:
    secretName: {{ $secret }}
    defaultMode: 0440
{{- end }}
{{- end -}}
