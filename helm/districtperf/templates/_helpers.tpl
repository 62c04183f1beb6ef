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
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The pod spec shared by the web and worker deployments; call with (dict "root" $ "component" "web" "env" list "resources" map). */}}
{{- define "districtperf.pod" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 1654
  fsGroup: 1654
containers:
  - name: districtperf
    image: {{ include "districtperf.image" .root }}
    imagePullPolicy: {{ .root.Values.image.pullPolicy }}
    ports:
      - name: http
        containerPort: 8080
    envFrom:
      - configMapRef:
          name: {{ include "districtperf.fullname" .root }}
      {{- if .root.Values.existingSecret }}
      - secretRef:
          name: {{ .root.Values.existingSecret }}
      {{- end }}
    env:
      {{- range $name, $value := .env }}
      - name: {{ $name }}
        value: {{ $value | quote }}
      {{- end }}
      {{- range $name, $value := .root.Values.extraEnv }}
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
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities:
        drop: ["ALL"]
    volumeMounts:
      - name: tmp
        mountPath: /tmp
      - name: data
        mountPath: /data
volumes:
  - name: tmp
    emptyDir: {}
  - name: data
    emptyDir: {}
{{- end -}}
